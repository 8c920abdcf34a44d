namespace FhirChain.Interop.Acks;

/// <summary>MSA-1 acknowledgment code (HL7 table 0008, original mode).</summary>
public enum AckCode
{
    /// <summary>Accepted and processed.</summary>
    AA,

    /// <summary>Understood but could not be processed (application error).</summary>
    AE,

    /// <summary>Rejected: unparseable, unsupported type, event, version or processing id.</summary>
    AR,
}
