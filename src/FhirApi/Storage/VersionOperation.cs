namespace FhirChain.FhirApi.Storage;

internal enum VersionOperation : byte
{
    Create = 0,
    Update = 1,
    Delete = 2,
}
