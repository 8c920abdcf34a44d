using System.Text.Json;
using FhirChain.FhirApi.Auth;

namespace FhirChain.FhirApi.Export;

/// <summary>The caller of an export as stored with the job, so the job reads with the caller's rights after a restart.</summary>
internal sealed record StoredCaller(bool Unrestricted, string Subject, string Scopes, string? Patient, string? PurposeOfUse, string? FhirUser)
{
    public static string ToJson(Caller caller) =>
        JsonSerializer.Serialize(new StoredCaller(caller.IsUnrestricted, caller.Subject, caller.ScopeText, caller.PatientId, caller.PurposeOfUse, caller.FhirUser));

    public static Caller FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredCaller>(json) ?? throw new InvalidOperationException("An export job has no stored caller.");
        return stored.Unrestricted
            ? Caller.Unrestricted
            : new Caller(false, stored.Subject, SmartScope.ParseAll(stored.Scopes), stored.Patient, stored.PurposeOfUse, stored.FhirUser, stored.Scopes);
    }
}
