app_name = "devmailbox"
urlpatterns: list = []
