Kind                     = "exported-services"
Name                   = "product-sg-export"
Partition                = "partition-2"
Services = [
  {
    Name = "api"
    Namespace = "store"
    Consumers = [
        {SamenessGroup="product-group"}
      ]
    }
 ]
