using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>The <c>Mllp</c> section: the HL7 v2 MLLP listener.</summary>
internal sealed class MllpOptions : IValidatableObject
{
    public const string Section = "Mllp";

    /// <summary>TCP port of the listener; 0 turns it off.</summary>
    [Range(0, 65535, ErrorMessage = "Mllp:Port must be between 0 (off) and 65535.")]
    public int Port { get; set; } = 2575;

    /// <summary>The IP address to listen on: loopback unless configured (0.0.0.0 or :: for every interface).</summary>
    [Required(ErrorMessage = "Mllp:Address is required.")]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Listen on a port the operating system picks, whatever <see cref="Port"/> says (for tests and tools).</summary>
    public bool BindAnyFreePort { get; set; }

    /// <summary>Largest accepted MLLP frame in bytes; a larger one gets AR and the connection is closed.</summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Mllp:MaxFrameBytes must be between 1024 and 268435456.")]
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    public bool Enabled => Port != 0 || BindAnyFreePort;

    /// <summary>Where to listen (a method, not a property: validation reads every property, even of invalid settings).</summary>
    public IPEndPoint ToEndpoint() => new(IPAddress.Parse(Address), BindAnyFreePort ? 0 : Port);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult($"Mllp:Address '{Address}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1).", [nameof(Address)]);
        }
    }
}
