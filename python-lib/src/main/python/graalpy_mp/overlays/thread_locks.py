_services = None
def install(services):
    global _services
    _services = services
