namespace FhirChain.FhirApi.Hl7v2;

/// <summary>What became of one HL7 v2 message.</summary>
internal enum Hl7IngestOutcome
{
    /// <summary>Mapped and committed: ACK AA.</summary>
    Accepted,

    /// <summary>A resend of a message already accepted: the stored ACK again, nothing written.</summary>
    Duplicate,

    /// <summary>Understood but not processable (mapping, validation or storage failure): ACK AE, nothing stored.</summary>
    Error,

    /// <summary>Unparseable or unsupported: ACK AR, nothing stored.</summary>
    Rejected,
}
