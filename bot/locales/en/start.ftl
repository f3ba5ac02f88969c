start-welcome = medcheck (en)
