using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Interactions.Write;

/// <summary>Runs one write interaction in its own write session: committed when it succeeds, rolled back otherwise.</summary>
internal static class WriteUnit
{
    public static async Task<FhirResponse> RunAsync(ResourceStore store, Func<WriteSession, Task<FhirResponse>> write, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginWriteAsync(cancellationToken);
        var response = await write(session);
        if (response.IsSuccess)
        {
            await session.CommitAsync(cancellationToken);
        }

        return response;
    }
}
