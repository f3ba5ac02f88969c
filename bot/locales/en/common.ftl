language-name = English
service-unavailable = Sorry, the service is temporarily unavailable. Please try again in a few minutes — nothing you sent is lost on your side.
error-generic = Something went wrong on our side. Please try again; if it keeps happening, write /help.
throttled = You are sending messages faster than we can check them. Please wait a minute and send the pack again.
not-allowed = This command is for staff only.
button-inactive = This button is no longer active.
