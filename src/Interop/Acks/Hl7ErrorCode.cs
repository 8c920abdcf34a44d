namespace FhirChain.Interop.Acks;

/// <summary>ERR-3 condition codes (HL7 table 0357).</summary>
public enum Hl7ErrorCode
{
    MessageAccepted = 0,
    SegmentSequenceError = 100,
    RequiredFieldMissing = 101,
    DataTypeError = 102,
    TableValueNotFound = 103,
    UnsupportedMessageType = 200,
    UnsupportedEventCode = 201,
    UnsupportedProcessingId = 202,
    UnsupportedVersionId = 203,
    UnknownKeyIdentifier = 204,
    DuplicateKeyIdentifier = 205,
    ApplicationRecordLocked = 206,
    ApplicationInternalError = 207,
}
