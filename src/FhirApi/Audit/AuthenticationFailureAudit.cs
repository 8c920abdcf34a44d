using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// A request refused with 401 (no bearer token, or one that does not validate), on <c>/fhir</c> or
/// <c>/hl7v2</c>: a DICOM "User Authentication" AuditEvent (110114, subtype 110122 Login) with outcome
/// minor failure, naming the request, the client's network address and the reason. No user is known,
/// so the agent is the unauthenticated client at that address.
/// </summary>
internal sealed record AuthenticationFailureAudit(string Method, string Path, string? Address, string Reason, DateTimeOffset Recorded) : IAuditEntry
{
    public const string UserAuthentication = "110114";

    public const string Login = "110122";

    /// <summary>Records the refusal of this request (with <c>Audit:Enabled</c>).</summary>
    public static void Record(HttpContext http, string reason) =>
        http.RequestServices.GetRequiredService<AuditTrail>().Record(new AuthenticationFailureAudit(
            http.Request.Method, http.Request.Path + http.Request.QueryString, http.Connection.RemoteIpAddress?.ToString(), reason, DateTimeOffset.UtcNow));

    public string Summary => $"401 {Method} {Path} from {Address ?? "an unknown address"}";

    public AuditEvent ToAuditEvent()
    {
        var agent = new AuditEvent.AgentComponent
        {
            Requestor = true,
            Who = new ResourceReference { Display = "unauthenticated client" },
            Type = new CodeableConcept(AuditEventFactory.DicomSystem, "110153", "Source Role ID"),
        };
        if (Address is { } address)
        {
            agent.Network = new AuditEvent.NetworkComponent { Address = address, Type = AuditEvent.AuditEventAgentNetworkType.N2 };
        }

        return new AuditEvent
        {
            Type = new Coding(AuditEventFactory.DicomSystem, UserAuthentication, "User Authentication"),
            Subtype = [new Coding(AuditEventFactory.DicomSystem, Login, "Login")],
            Action = AuditEvent.AuditEventAction.E,
            Recorded = Recorded,
            Outcome = AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = $"{Method} {Path}: {Reason}",
            Agent = [agent],
            Source = AuditEventFactory.Source(),
        };
    }
}
