namespace FhirChain.Interop.Acks;

/// <summary>ERR-4 severity (HL7 table 0516).</summary>
public enum AckSeverity
{
    Error,
    Warning,
    Information,
}
