namespace FhirChain.FhirApi.Auth;

/// <summary>SMART v2 permissions: create, read, update, delete, search.</summary>
[Flags]
internal enum SmartPermission
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
    All = Create | Read | Update | Delete | Search,
}
