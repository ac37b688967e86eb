package org.yizhan.demo;

import java.util.List;

/**
 * Everything the sampler needs to know about one city. Strings that many stations share (operator
 * names) are built once here, so a national network does not hold 186,100 copies of each.
 */
final class CityProfile {

  final String code;
  final String nameZh;
  final String nameEn;
  final double lat;
  final double lon;
  final long population;

  /** Fixed-line area code, {@code null} when unknown (no phone numbers are invented then). */
  final String areaCode;

  /** Districts near the centre; empty when unknown (stations then carry no district). */
  final List<String> urban;

  /** Counties for the outskirts; empty when unknown. */
  final List<String> counties;

  final List<String> streets;
  final boolean coal;

  /** Name with its administrative suffix, e.g. 太原市 or 凉山州. */
  final String fullName;

  final String union;
  final String sanitation;
  final String womensFederation;
  final String transport;
  final String coalUnion;
  final List<String> banks;
  final List<String> fuel;

  /**
   * How far the city sprawls relative to a city of three million: the square root of population,
   * since built-up area grows roughly with population and radius with the root of area.
   */
  final double spread;

  CityProfile(
      String code,
      Place place,
      String areaCode,
      List<String> urban,
      List<String> counties,
      List<String> streets,
      boolean coal) {
    this.code = code;
    this.nameZh = place.nameZh();
    this.nameEn = place.nameEn();
    this.lat = place.lat();
    this.lon = place.lon();
    this.population = place.population();
    this.areaCode = areaCode;
    this.urban = List.copyOf(urban);
    this.counties = List.copyOf(counties);
    this.streets = List.copyOf(streets);
    this.coal = coal;
    this.fullName = nameZh + place.suffix();
    this.union = fullName + "总工会";
    this.sanitation = fullName + "环境卫生服务中心";
    this.womensFederation = fullName + "妇女联合会";
    this.transport = fullName + "交通运输局";
    this.coalUnion = fullName + "煤炭行业工会";
    this.banks =
        List.of(
            "中国工商银行" + nameZh + "分行",
            "中国建设银行" + nameZh + "分行",
            "中国农业银行" + nameZh + "分行",
            "中国银行" + nameZh + "分行",
            "中国邮政储蓄银行" + nameZh + "分行",
            "国网" + nameZh + "供电公司");
    this.fuel = List.of("中国石化" + nameZh + "石油分公司", "中国石油" + nameZh + "销售分公司");
    this.spread = Math.max(0.75, Math.min(2.2, Math.sqrt(population / 3.0e6)));
  }
}
