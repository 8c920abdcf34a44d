namespace FhirChain.Provenance.Notes;

/// <summary>What <see cref="NoteVerifier.Open"/> found.</summary>
public enum NoteOpenStatus
{
    /// <summary>The note carries a valid signature by the verifier's key.</summary>
    Verified,

    /// <summary>The note is not a well-formed signed note.</summary>
    Malformed,

    /// <summary>The note is well formed but has no signature by the verifier's key (name and key id).</summary>
    NoSignatureByKey,

    /// <summary>A signature claims the verifier's key but does not verify.</summary>
    BadSignature,
}
