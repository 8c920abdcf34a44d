namespace FhirChain.FhirApi.Auth;

/// <summary>The context a SMART scope grants in: one patient's compartment, the user's, or the whole system.</summary>
internal enum SmartContext
{
    Patient,
    User,
    System,
}
