Kind = "file-system-certificate"
Name = "<name of certificate>"
Namespace = "ns"
Partition = "default"
Meta = {
	"<key>" = "<value>"
}

Certificate = "<filepath/to/public/certificate>"
PrivateKey = "<filepath/to/private/key>"
