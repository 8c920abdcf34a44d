using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PartialQuantityIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_value",
                table: "search_quantity");

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "canonical_code", "canonical_value" },
                filter: "canonical_code IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "qualifier_code", "value" },
                filter: "qualifier_code IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_value",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "value" },
                filter: "qualifier_code IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_value",
                table: "search_quantity");

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "canonical_code", "canonical_value" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "qualifier_code", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_value",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "value" });
        }
    }
}
