# DNS recursors
recursors = [ "1.1.1.1" ]
