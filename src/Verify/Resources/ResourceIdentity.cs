namespace FhirChain.Verify.Resources;

/// <summary>The fields of a resource version that its leaf binds besides the content.</summary>
internal sealed record ResourceIdentity(string ResourceType, string Id, string VersionId, string LastUpdated);
