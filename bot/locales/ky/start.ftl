start-welcome = medcheck (ky)
