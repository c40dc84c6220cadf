primary_gateways = ["1.2.3.4:443"]
