namespace FhirChain.FhirApi.Consents;

/// <summary>A code a provision names (<c>provision.code</c>); a null system matches any system.</summary>
internal sealed record CodeKey(string? System, string Code);
