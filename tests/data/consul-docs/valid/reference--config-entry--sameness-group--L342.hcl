Kind                     = "sameness-group"
Name                     = "products-api"
Partition                = "store-east"
Members = [
    { Partition = "store-east" },
    { Partition = "inventory-east" },
    { Peer      = "dc2-store-west" },
    { Peer      = "dc2-inventory-west" }
]
