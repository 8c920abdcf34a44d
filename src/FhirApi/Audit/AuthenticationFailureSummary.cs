using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// The refusals from one address for one reason that a window gathered after its first (which was
/// written at once): how many, the first and last time, up to <c>Audit:AuthFailureListedRequests</c>
/// of the requests and the distinct reasons given.
/// </summary>
internal sealed record AuthenticationFailureSummary(string? Address, int Count, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<string> Requests, IReadOnlyList<string> Reasons) : IAuditEntry
{
    public string Summary => $"{Count} times 401 from {Address ?? "an unknown address"} between {First:O} and {Last:O}";

    public AuditEvent ToAuditEvent()
    {
        var listed = Requests.Count < Count ? $", {Requests.Count} of them listed" : string.Empty;
        var description = $"{Count} requests refused from {Address ?? "an unknown address"} between {First:O} and {Last:O}{listed}: {string.Join(" | ", Reasons)}";
        return AuthenticationFailureAudit.Event(Address, description, First, Last, Count, Requests);
    }
}
