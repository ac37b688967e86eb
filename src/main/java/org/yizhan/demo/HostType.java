package org.yizhan.demo;

/**
 * Who hosts a station, which decides how it is named. Most rest stations in China are rooms lent by
 * a sanitation depot, a union, a bank branch or a fuel station, and carry that host in their name.
 */
enum HostType {
  SANITATION("环卫工人驿站", "Sanitation Workers' Rest Station"),
  OUTDOOR_WORKERS("户外劳动者服务站", "Outdoor Workers' Service Station"),
  UNION("工会驿站", "Trade Union Rest Station"),
  CARING("爱心驿站", "Caring Rest Station"),
  DRIVERS("司机之家", "Drivers' Home"),
  WORKERS("职工之家", "Workers' Home"),
  MOTHER_BABY("爱心母婴室", "Mother and Baby Room"),
  MINE("矿区驿站", "Mine Rest Station"),
  SERVICE_AREA("服务区驿站", "Service Area Rest Station");

  final String zh;
  final String en;

  HostType(String zh, String en) {
    this.zh = zh;
    this.en = en;
  }
}
