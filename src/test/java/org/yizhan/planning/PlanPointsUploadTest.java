package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.geo.ChinaCrs;
import org.yizhan.planning.PlanPointsUpload.Format;

/** Verifies that uploaded point sets are read whole or refused whole, naming every bad field. */
class PlanPointsUploadTest {

  private static PlanPoints csv(String body, PlanSetKind kind) {
    return PlanPointsUpload.parse(Format.CSV, new StringReader(body), kind, PointCrs.WGS84);
  }

  private static PlanPoints geojson(String body, PlanSetKind kind) {
    return PlanPointsUpload.parse(Format.GEOJSON, new StringReader(body), kind, PointCrs.WGS84);
  }

  private static List<Violation> violations(Runnable r) {
    try {
      r.run();
    } catch (DomainException.InvalidInput e) {
      return e.violations();
    }
    throw new AssertionError("no violations");
  }

  @Test
  void aDemandCsvIsReadWithColumnsInAnyOrderAndOptionalLabels() {
    PlanPoints p =
        csv("weight,lat,lon,label\n12,37.87,112.55,迎泽大街\n3.5,37.9,112.6,\n", PlanSetKind.DEMAND);
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.lat()).containsExactly(37.87, 37.9);
    assertThat(p.lon()).containsExactly(112.55, 112.6);
    assertThat(p.weight()).containsExactly(12.0, 3.5);
    assertThat(p.label()).containsExactly("迎泽大街", null);
    assertThat(p.totalWeight()).isEqualTo(15.5);
  }

  @Test
  void everyBadRowAndFieldIsListedAndNothingIsKept() {
    String body =
        "lon,lat,weight\n"
            + "112.5,37.8,1\n"
            + "181,37.8,1\n"
            + "112.5,NaN,0\n"
            + "abc,37.8,\n"
            + "112.5,37.8\n"
            + "112.5,37.8,-2\n";
    List<Violation> v = violations(() -> csv(body, PlanSetKind.DEMAND));
    assertThat(v)
        .extracting(Violation::row, Violation::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "lon"),
            org.assertj.core.groups.Tuple.tuple(3, "lat"),
            org.assertj.core.groups.Tuple.tuple(4, "lon"),
            org.assertj.core.groups.Tuple.tuple(5, "row"),
            org.assertj.core.groups.Tuple.tuple(6, "weight"));
  }

  @Test
  void aDemandRowWithoutWeightIsRefusedButACandidateRowDefaultsToOne() {
    assertThat(violations(() -> csv("lon,lat,weight\n112.5,37.8,\n", PlanSetKind.DEMAND)))
        .containsExactly(new Violation(1, "weight", "is required"));
    PlanPoints c = csv("lon,lat,kind\n112.5,37.8,fuel\n", PlanSetKind.CANDIDATE);
    assertThat(c.weight()).containsExactly(1.0);
    assertThat(c.kind()).containsExactly("fuel");
  }

  @Test
  void headerProblemsAreReportedAtRowZero() {
    assertThat(violations(() -> csv("lon,lat,lat,weight\n1,2,3,4\n", PlanSetKind.DEMAND)))
        .extracting(Violation::row, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "lat"));
    assertThat(violations(() -> csv("lon,lat,kind\n1,2,x\n", PlanSetKind.DEMAND)))
        .extracting(Violation::field)
        .containsExactly("kind", "weight");
    assertThat(violations(() -> csv("lat,weight\n1,2\n", PlanSetKind.DEMAND)))
        .extracting(Violation::field)
        .containsExactly("lon");
  }

  @Test
  void anEmptySetIsRefused() {
    assertThat(violations(() -> csv("lon,lat,weight\n", PlanSetKind.DEMAND)))
        .containsExactly(new Violation(0, "body", "contains no points"));
    assertThat(violations(() -> csv("", PlanSetKind.DEMAND)))
        .containsExactly(new Violation(0, "body", "contains no points"));
    assertThat(
            violations(
                () ->
                    geojson(
                        "{\"type\":\"FeatureCollection\",\"features\":[]}", PlanSetKind.DEMAND)))
        .containsExactly(new Violation(0, "body", "contains no points"));
  }

  @Test
  void aFileAboveTheSizeLimitIsRefusedWithTheLimitNamed() {
    StringBuilder body = new StringBuilder("lon,lat,weight\n");
    for (int i = 0; i < 11; i++) {
      body.append("112.5,37.8,1\n");
    }
    assertThatThrownBy(
            () ->
                PlanPointsUpload.parse(
                    Format.CSV,
                    new StringReader(body.toString()),
                    PlanSetKind.DEMAND,
                    PointCrs.WGS84,
                    10))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("more than 10 points");
    assertThat(
            PlanPointsUpload.parse(
                    Format.CSV,
                    new StringReader(body.substring(0, body.length() - 13)),
                    PlanSetKind.DEMAND,
                    PointCrs.WGS84,
                    10)
                .size())
        .isEqualTo(10);
  }

  @Test
  void gcj02CoordinatesAreConvertedToWgs84() {
    double[] gcj = ChinaCrs.wgsToGcj(112.55, 37.87);
    PlanPoints p =
        PlanPointsUpload.parse(
            Format.CSV,
            new StringReader("lon,lat,weight\n" + gcj[0] + "," + gcj[1] + ",1\n"),
            PlanSetKind.DEMAND,
            PointCrs.GCJ02);
    assertThat(p.lon()[0]).isCloseTo(112.55, org.assertj.core.data.Offset.offset(1e-8));
    assertThat(p.lat()[0]).isCloseTo(37.87, org.assertj.core.data.Offset.offset(1e-8));
    assertThat(Math.abs(gcj[0] - 112.55)).isGreaterThan(1e-4); // the offset was real
  }

  @Test
  void aGeojsonCollectionIsReadWithLabelsKindsAndIgnoredExtras() {
    String body =
        "{\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
            + "\"coordinates\":[112.55,37.87]},\"properties\":{\"weight\":4,\"label\":\"站前\","
            + "\"kind\":\"shop\",\"other\":[1]}},"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112.6,37.9,800]},"
            + "\"properties\":null}],\"type\":\"FeatureCollection\",\"name\":\"x\"}";
    PlanPoints p = geojson(body, PlanSetKind.CANDIDATE);
    assertThat(p.lon()).containsExactly(112.55, 112.6);
    assertThat(p.weight()).containsExactly(4.0, 1.0);
    assertThat(p.label()).containsExactly("站前", null);
    assertThat(p.kind()).containsExactly("shop", null);
  }

  @Test
  void badGeojsonFeaturesAreEachListed() {
    String body =
        "{\"type\":\"FeatureCollection\",\"features\":["
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[]},"
            + "\"properties\":{\"weight\":1}},"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112,37]},"
            + "\"properties\":{\"weight\":\"5\"}},"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112,95]},"
            + "\"properties\":{\"weight\":1,\"label\":7}},"
            + "3]}";
    assertThat(violations(() -> geojson(body, PlanSetKind.DEMAND)))
        .extracting(Violation::row, Violation::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "geometry"),
            org.assertj.core.groups.Tuple.tuple(2, "weight"),
            org.assertj.core.groups.Tuple.tuple(3, "label"),
            org.assertj.core.groups.Tuple.tuple(4, "feature"));
  }

  @Test
  void malformedJsonAndWrongCollectionTypeAreRefused() {
    assertThat(violations(() -> geojson("{\"type\":", PlanSetKind.DEMAND)))
        .extracting(Violation::field)
        .contains("body");
    assertThat(
            violations(() -> geojson("{\"type\":\"Feature\",\"features\":[]}", PlanSetKind.DEMAND)))
        .extracting(Violation::field)
        .containsExactly("type");
  }

  @Test
  void aFileOfManyBadRowsListsTheFirstThousandAndCountsTheRest() {
    StringBuilder body = new StringBuilder("lon,lat,weight\n");
    for (int i = 0; i < 1_500; i++) {
      body.append("200,37.8,1\n");
    }
    List<Violation> v = violations(() -> csv(body.toString(), PlanSetKind.DEMAND));
    assertThat(v).hasSize(1_001);
    assertThat(v.get(999))
        .isEqualTo(new Violation(1_000, "lon", "must be a number within [-180, 180], got 200.0"));
    assertThat(v.get(1_000))
        .isEqualTo(new Violation(0, "body", "has 500 more problems, not listed"));
  }
}
