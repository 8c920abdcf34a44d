namespace FhirChain.FhirApi.Auth;

/// <summary>How far a caller's scopes reach for one interaction on one type.</summary>
internal enum AccessGrant
{
    None,

    /// <summary>Only resources in the token's patient compartment.</summary>
    PatientCompartment,

    Full,
}
