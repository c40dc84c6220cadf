Kind = "exported-services"
Name = "default"
Services = [
  { Name = "api", Namespace = "default", Consumers = [{ Peer = "cluster-02" }, { Peer = "cluster-03" }] },
  { Name = "ledger" Consumers = [ { Peer = "cluster-02" } ] },
  {
    Name = "*"
    Namespace = "finance"
    Consumers = [
      { Partition = "analytics" },
    ]
  }
]
