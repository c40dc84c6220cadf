license_path = "<PATH>/<TO>/<FILE>"
