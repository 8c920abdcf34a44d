namespace FhirChain.FhirApi.Consents;

/// <summary>What a research client may see of a patient who has no applicable research Consent.</summary>
internal enum ConsentPolicy
{
    /// <summary>Opt-in: nothing without a permitting Consent.</summary>
    Deny,

    /// <summary>Opt-out: everything unless a Consent denies it.</summary>
    Permit,
}
