namespace FhirChain.FhirApi.Storage;

/// <summary>Which database this process talks to.</summary>
internal sealed record StorageInfo(StorageProvider Provider, string ConnectionString);
