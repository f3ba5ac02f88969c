language-name = English
service-unavailable = Sorry, the service is temporarily unavailable. Please try again in a few minutes — nothing you sent is lost on your side.
error-generic = Something went wrong on our side. Please try again; if it keeps happening, write /help.
throttled = { $seconds ->
    [one] Too many messages at once. Please wait { $seconds } second and send again what got no answer.
   *[other] Too many messages at once. Please wait { $seconds } seconds and send again what got no answer.
}
not-allowed = This command is for staff only.
button-inactive = This button is no longer active.
