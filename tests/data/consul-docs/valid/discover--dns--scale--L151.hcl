dns_config {
  allow_stale = true
  max_stale = "87600h"
}
