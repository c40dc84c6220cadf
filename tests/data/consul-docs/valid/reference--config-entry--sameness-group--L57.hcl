Kind               = "sameness-group"             # required
Name               = "<group-name>"               # required
Partition          = "<partition-configuration-applies-to>"
DefaultForFailover = false
IncludeLocal       = true
Members = [                                       # required
  { Partition = "<partition-with-services-in-group>" },
  { Peer = "<cluster-peer-with-services-in-group>" }
]
