print("verdict")
