using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Log;

/// <summary>The <c>Provenance</c> section.</summary>
internal sealed class ProvenanceOptions
{
    public const string Section = "Provenance";

    /// <summary>The log's Ed25519 signing key (C2SP note signer key); generated on first start if missing.</summary>
    [Required]
    public string SigningKeyPath { get; set; } = "data/log-signing.key";

    /// <summary>The checkpoint's origin line, also the signing key's name.</summary>
    [Required]
    [RegularExpression(@"^[^\s+]+$", ErrorMessage = "Provenance:Origin must be non-empty with no spaces or '+'.")]
    public string Origin { get; set; } = "fhirchain.local/log";

    /// <summary>
    /// Where the server keeps the newest checkpoint it has signed, outside the database, so that a
    /// database rolled back to an older state is detected.
    /// </summary>
    [Required]
    public string WitnessPath { get; set; } = "data/log-witness.checkpoint";

    /// <summary>Largest delay between a write and a signed checkpoint that covers it.</summary>
    [Range(10, 60_000)]
    public int CheckpointIntervalMs { get; set; } = 250;

    /// <summary>
    /// Benchmarks only (never bound from configuration): versions get sequence numbers but no
    /// leaves, nodes or read-time checks, so a benchmark can measure what the log costs.
    /// </summary>
    internal bool DisabledForBenchmark { get; set; }
}
