using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Audit;

/// <summary>The <c>Audit</c> section.</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Whether every access and every HL7 v2 message is recorded as an AuditEvent (each one a leaf of the provenance log). On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Requests refused with 401 from one address for one reason are recorded together over this many
    /// seconds (<see cref="AuthenticationFailureWindows"/>): the first at once, the rest as one AuditEvent
    /// when the window closes, so a client without a token cannot grow the store without limit. 0 writes
    /// one AuditEvent per refusal.
    /// </summary>
    [Range(0, 86_400)]
    public int AuthFailureWindowSeconds { get; set; } = 60;

    /// <summary>How many of a window's refused requests its AuditEvent lists (the count covers them all).</summary>
    [Range(1, 1_000)]
    public int AuthFailureListedRequests { get; set; } = 20;
}
