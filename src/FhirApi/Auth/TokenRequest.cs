namespace FhirChain.FhirApi.Auth;

/// <summary>What a development token says: SMART scopes, purpose of use, patient context, subject and lifetime.</summary>
internal sealed record TokenRequest(string Scope, string? PurposeOfUse, string? Patient, string Subject, TimeSpan Lifetime, string? FhirUser = null);
