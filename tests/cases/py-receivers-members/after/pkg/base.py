class ExternalBase:
    pass
