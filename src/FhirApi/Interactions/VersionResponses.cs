using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Interactions;

/// <summary>
/// Serves a stored version only after it re-hashes to its leaf and that leaf is in the signed log;
/// a version that fails is refused with an OperationOutcome, never served as genuine.
/// </summary>
internal sealed partial class VersionResponses(LogVerifier verifier, ProvenanceLog log, ILogger<VersionResponses> logger)
{
    public async Task<FhirResponse> ServeAsync(FhirDbContext db, ResourceVersionRow row, CancellationToken cancellationToken)
    {
        var proof = log.IsDisabled ? null : await verifier.ProveAsync(db, row, cancellationToken, useCache: true);
        if (proof is { Verified: false })
        {
            LogTampered(row.ResourceType, row.ResourceId, row.VersionId, proof.Failure ?? "unknown");
            return Outcomes.Tampered($"{row.ResourceType}/{row.ResourceId} version {row.VersionId} failed its provenance check and is not served: {proof.Failure}");
        }

        var versionId = row.VersionId.ToString(CultureInfo.InvariantCulture);
        var lastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedMs);
        if (row.IsDeleted)
        {
            return Outcomes.Gone(row.ResourceType, row.ResourceId, versionId) with { LeafIndex = row.LeafIndex, LastModified = lastModified };
        }

        return new FhirResponse(StatusCodes.Status200OK)
        {
            StoredJson = row.Json,
            ResourceType = row.ResourceType,
            Id = row.ResourceId,
            VersionId = versionId,
            LastModified = lastModified,
            LeafIndex = row.LeafIndex,
        };
    }

    [LoggerMessage(EventId = LogEvents.TamperedVersionRefused, Level = LogLevel.Error, Message = "Refused to serve {Type}/{Id} version {Version}: {Reason}")]
    private partial void LogTampered(string type, string id, int version, string reason);
}
