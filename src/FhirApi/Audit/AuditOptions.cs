namespace FhirChain.FhirApi.Audit;

/// <summary>The <c>Audit</c> section.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Whether every access and every HL7 v2 message is recorded as an AuditEvent (each one a leaf of the provenance log). On by default.</summary>
    public bool Enabled { get; set; } = true;
}
