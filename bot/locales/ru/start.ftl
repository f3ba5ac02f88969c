start-welcome = medcheck (ru)
