"""Why a document cannot be imported, in one line a plan manager can act on."""

from civicplan.core.errors import UserFacingError


class ImportFileError(UserFacingError):
    """A document the importer cannot read; the message is one line, shown as it is."""

    def __init__(self, message: str, *, source: str = ""):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class UnsupportedFileType(ImportFileError):
    pass


class EmptyDocument(ImportFileError):
    pass


class CorruptDocument(ImportFileError):
    pass


class EncryptedDocument(ImportFileError):
    pass


class ScannedDocument(ImportFileError):
    pass


class DocumentTooLarge(ImportFileError):
    pass


class NothingRecognised(ImportFileError):
    pass
