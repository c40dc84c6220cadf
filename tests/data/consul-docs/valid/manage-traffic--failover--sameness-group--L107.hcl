Kind          = "service-resolver"
Name          = "db"
DefaultSubset = "v1"
Subsets = {
  v1 = {
    Filter = "Service.Meta.version == v1"
  }
  v2 = {
    Filter = "Service.Meta.version == v2"
  }
}
Failover {
  v1 = {
    SamenessGroup = "product-group"
  }
  v2 = {
    Service = "canary-db"
  }
}
