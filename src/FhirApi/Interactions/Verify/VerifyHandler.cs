using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Leaves;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Verify;

/// <summary>
/// Builds the <c>$verify</c> Parameters (docs/provenance.md section 5). It always answers 200 for a
/// known version: <c>verified=false</c> with a <c>reason</c> is the answer for a tampered one.
/// </summary>
internal sealed class VerifyHandler(ResourceStore store, LogVerifier verifier) : IRequestHandler<VerifyRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(VerifyRequest request, CancellationToken cancellationToken)
    {
        ResourceVersionRow? row;
        if (request.VersionId is null)
        {
            row = await store.ReadCurrentRowAsync(request.Type, request.Id, cancellationToken);
        }
        else if (int.TryParse(request.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            row = await store.ReadVersionRowAsync(request.Type, request.Id, version, cancellationToken);
        }
        else
        {
            return Outcomes.NotFound($"{request.Type}/{request.Id} has no version '{request.VersionId}'.");
        }

        if (row is null)
        {
            var logged = await store.ReadLoggedMaxVersionAsync(request.Type, request.Id, cancellationToken);
            if (logged is null)
            {
                return Outcomes.NotFound($"{request.Type}/{request.Id} is not known.");
            }

            var missing = new Parameters();
            missing.Add("verified", new FhirBoolean(false));
            missing.Add("reason", new FhirString($"{request.Type}/{request.Id} is in the provenance log but the version asked for is missing from storage: its history was altered."));
            return FhirResponse.Of(StatusCodes.Status200OK, missing);
        }

        var proof = await verifier.ProveAsync(store.Db, row, cancellationToken);
        return FhirResponse.Of(StatusCodes.Status200OK, ToParameters(proof));
    }

    internal static Parameters ToParameters(VersionProof proof)
    {
        var parameters = new Parameters();
        parameters.Add("verified", new FhirBoolean(proof.Verified));
        if (proof.Failure is not null)
        {
            parameters.Add("reason", new FhirString(proof.Failure));
        }

        parameters.Add("leafIndex", new Integer64(proof.LeafIndex));
        if (proof.LeafHash is not null)
        {
            parameters.Add("leafHash", new Base64Binary(proof.LeafHash));
        }

        if (proof.Tree is { } tree)
        {
            parameters.Add("treeSize", new Integer64(tree.Size));
            parameters.Add("rootHash", new Base64Binary(tree.RootHash));
            var path = new Parameters.ParameterComponent { Name = "inclusionProof" };
            foreach (var hash in proof.InclusionProof)
            {
                path.Part.Add(new Parameters.ParameterComponent { Name = "hash", Value = new Base64Binary(hash) });
            }

            if (path.Part.Count > 0)
            {
                // A tree of one leaf has an empty proof; FHIR allows no parameter without value or parts.
                parameters.Parameter.Add(path);
            }
            parameters.Add("checkpoint", new FhirString(tree.SignedNote));
        }

        if (proof.Leaf is { } leaf)
        {
            parameters.Add("operation", new Code(LeafV1.OperationName(leaf.Operation)));
            if (leaf.PreviousLeafHash is not null)
            {
                parameters.Add("previousLeafHash", new Base64Binary(leaf.PreviousLeafHash));
            }

            if (leaf.ContentDigest is not null)
            {
                parameters.Add("contentDigest", new Base64Binary(leaf.ContentDigest));
            }

            parameters.Add("leaf", new Base64Binary(leaf.Encode()));
        }

        if (proof.Salt is not null)
        {
            parameters.Add("salt", new Base64Binary(proof.Salt));
        }

        return parameters;
    }
}
