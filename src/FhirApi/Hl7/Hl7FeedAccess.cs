using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Rest;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// Who may feed HL7 v2 messages over <c>POST /hl7v2</c> when <c>Auth:Enabled</c> is true: a token
/// (401 without one, from <see cref="BearerRequirement"/>) whose <c>system/</c> or <c>user/</c> scopes
/// allow every write a v2 message can make, and that is not a research client (403 otherwise). The
/// check is made before the body is read, so the answer never depends on a message's content: a
/// message is mapped to conditional updates (which create when nothing matches) of patients,
/// encounters, observations and diagnostic reports, plus one created Provenance, and runs as the
/// server itself once admitted. A <c>patient/</c> scope cannot feed v2 (its messages name any patient).
/// </summary>
internal static class Hl7FeedAccess
{
    /// <summary>What a mapped v2 message may write, and the permission each needs (see <c>V2ToFhirMapper</c>).</summary>
    public static IReadOnlyList<(string Type, SmartPermission Permission)> Needs { get; } =
    [
        ("Patient", SmartPermission.Create | SmartPermission.Update),
        ("Encounter", SmartPermission.Create | SmartPermission.Update),
        ("Observation", SmartPermission.Create | SmartPermission.Update),
        ("DiagnosticReport", SmartPermission.Create | SmartPermission.Update),
        ("Provenance", SmartPermission.Create),
    ];

    /// <summary>The refusal for the caller of this request, or null when it may feed messages (always, with auth off).</summary>
    public static FhirResponse? Refusal(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            return null;
        }

        var caller = http.RequestServices.GetRequiredService<CallerAccessor>().Current;
        if (caller.IsUnrestricted)
        {
            return null;
        }

        if (caller.Subject == Caller.Anonymous.Subject)
        {
            return AuthOutcomes.Unauthorized("This server needs a bearer token (Authorization: Bearer ...).");
        }

        if (caller.IsResearch)
        {
            return AuthOutcomes.Forbidden("A research client (purpose_of_use HRESCH) cannot feed HL7 v2 messages.");
        }

        var missing = Needs.Where(n => !Allows(caller, n.Type, n.Permission)).ToList();
        return missing.Count == 0
            ? null
            : AuthOutcomes.Forbidden("Feeding HL7 v2 messages needs system/ or user/ scopes for every write a message can make; the token lacks "
                + string.Join(", ", missing.Select(m => $"{m.Type}.{Letters(m.Permission)}")) + " (e.g. system/*.cu).");
    }

    /// <summary>Each permission granted on the whole type (a patient/ scope is not enough: a v2 message names any patient).</summary>
    private static bool Allows(Caller caller, string type, SmartPermission permission) =>
        Enum.GetValues<SmartPermission>()
            .Where(p => p is not SmartPermission.None and not SmartPermission.All && (permission & p) == p)
            .All(p => caller.GrantFor(type, p) == AccessGrant.Full);

    private static string Letters(SmartPermission permission) =>
        ((permission & SmartPermission.Create) != 0 ? "c" : string.Empty) + ((permission & SmartPermission.Update) != 0 ? "u" : string.Empty);

    /// <summary>
    /// Records a refused token's attempt (403) in the audit trail as a failed transaction by that caller,
    /// as a refused FHIR interaction is; the message itself was not read, so the record names no sender
    /// or control id. A request without a valid token (401) is not recorded, as on the FHIR endpoints.
    /// </summary>
    public static void RecordRefusal(HttpContext http, FhirResponse refusal)
    {
        if (refusal.StatusCode != StatusCodes.Status403Forbidden)
        {
            return;
        }

        var services = http.RequestServices;
        var detail = (refusal.Resource as Hl7.Fhir.Model.OperationOutcome)?.Issue.FirstOrDefault()?.Diagnostics;
        services.GetRequiredService<AuditTrail>().Record(new AuditRecord(
            services.GetRequiredService<CallerAccessor>().Current, "transaction", "C", null, null, null, refusal.StatusCode,
            "POST /hl7v2 refused: " + detail, services.GetRequiredService<TimeProvider>().GetUtcNow()));
    }

    /// <summary>
    /// A refusal as the FHIR endpoints give it (an OperationOutcome), in JSON unless FHIR XML is asked
    /// for: a v2 client's <c>Accept</c> names the ER7 type, which an OperationOutcome cannot be written in.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, FhirResponse refusal)
    {
        if (FhirMediaTypes.ForResponse(http.Request) is null)
        {
            http.Request.Headers.Accept = FhirMediaTypes.Json;
        }

        await new FhirHttpResult(refusal).ExecuteAsync(http);
    }
}
