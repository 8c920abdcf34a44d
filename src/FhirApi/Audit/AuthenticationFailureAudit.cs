using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// A request refused with 401 (no bearer token, or one that does not validate), on <c>/fhir</c> or
/// <c>/hl7v2</c>: a DICOM "User Authentication" AuditEvent (110114, subtype 110122 Login) with outcome
/// minor failure, naming the request, the client's network address and the reason. No user is known,
/// so the agent is the unauthenticated client at that address. The first refusal from an address
/// for a reason in a window is written as it happens; the window's later ones are written together
/// (<see cref="AuthenticationFailureWindows"/>, <see cref="AuthenticationFailureSummary"/>).
/// </summary>
internal sealed record AuthenticationFailureAudit(string Method, string Path, string? Address, string Reason, bool TokenRefused, DateTimeOffset Recorded) : IAuditEntry
{
    public const string UserAuthentication = "110114";

    public const string Login = "110122";

    /// <summary>The entity detail that holds how many refusals an AuditEvent records.</summary>
    public const string RefusalsDetail = "refusals";

    /// <summary>An entity detail naming one refused request.</summary>
    public const string RequestDetail = "request";

    /// <summary>
    /// Records the refusal of this request (with <c>Audit:Enabled</c>); <paramref name="tokenRefused"/>
    /// tells a token that does not validate from none at all, the two reasons refusals are grouped by.
    /// </summary>
    public static void Record(HttpContext http, string reason, bool tokenRefused) =>
        http.RequestServices.GetRequiredService<AuthenticationFailureWindows>().Record(new AuthenticationFailureAudit(
            http.Request.Method, http.Request.Path + http.Request.QueryString, http.Connection.RemoteIpAddress?.ToString(), reason, tokenRefused, DateTimeOffset.UtcNow));

    /// <summary>The request as listed in an AuditEvent: method and path with query.</summary>
    public string Request => $"{Method} {Path}";

    public string Summary => $"401 {Request} from {Address ?? "an unknown address"}";

    public AuditEvent ToAuditEvent() => Event(Address, $"{Request}: {Reason}", Recorded, Recorded, 1, [Request]);

    /// <summary>
    /// The AuditEvent of <paramref name="count"/> refusals from one address between two times, listing
    /// the refused requests (some of them, for a window's summary) as details of one entity.
    /// </summary>
    public static AuditEvent Event(string? address, string description, DateTimeOffset first, DateTimeOffset last, int count, IEnumerable<string> requests)
    {
        var agent = new AuditEvent.AgentComponent
        {
            Requestor = true,
            Who = new ResourceReference { Display = "unauthenticated client" },
            Type = new CodeableConcept(AuditEventFactory.DicomSystem, "110153", "Source Role ID"),
        };
        if (address is not null)
        {
            agent.Network = new AuditEvent.NetworkComponent { Address = address, Type = AuditEvent.AuditEventAgentNetworkType.N2 };
        }

        var entity = new AuditEvent.EntityComponent
        {
            Type = AuditEventFactory.SystemObject(),
            Name = "refused requests",
            Detail = [new AuditEvent.DetailComponent { Type = RefusalsDetail, Value = new FhirString(count.ToString(CultureInfo.InvariantCulture)) }],
        };
        entity.Detail.AddRange(requests.Select(r => new AuditEvent.DetailComponent { Type = RequestDetail, Value = new FhirString(r) }));
        return new AuditEvent
        {
            Type = new Coding(AuditEventFactory.DicomSystem, UserAuthentication, "User Authentication"),
            Subtype = [new Coding(AuditEventFactory.DicomSystem, Login, "Login")],
            Action = AuditEvent.AuditEventAction.E,
            Period = new Period(new FhirDateTime(first), new FhirDateTime(last)),
            Recorded = last,
            Outcome = AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = description,
            Agent = [agent],
            Source = AuditEventFactory.Source(),
            Entity = [entity],
        };
    }
}
