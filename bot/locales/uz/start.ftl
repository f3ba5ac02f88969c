start-welcome = medcheck (uz)
