using System.Net;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>Where the MLLP listener is bound once it has started (null when it is off), e.g. the real port after binding any free port.</summary>
internal sealed class MllpEndpoint
{
    private IPEndPoint? bound;

    public IPEndPoint? Bound => Volatile.Read(ref bound);

    internal void Set(IPEndPoint? endpoint) => Volatile.Write(ref bound, endpoint);
}
