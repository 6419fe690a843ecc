print("oss-local")
