segments = [
{
   name = "alpha"
   bind = "10.0.0.1"
   advertise = "10.0.0.1"
   port = 8303
},
{
   name = "beta"
   bind = "10.0.0.1"
   advertise = "10.0.0.1"
   port = 8304
}
]
