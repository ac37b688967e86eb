package org.yizhan.demo;

import java.util.List;
import java.util.Map;

/**
 * Hand-kept facts about Shanxi that the place CSV does not carry: id codes, telephone area codes,
 * districts and counties, and which places are joined by trunk roads. Kept apart from the generator
 * so the sampling code reads as sampling and the facts read as facts.
 */
final class ShanxiFacts {

  private ShanxiFacts() {}

  /**
   * Per-city facts.
   *
   * @param code two letters used in station ids
   * @param areaCode fixed-line area code
   * @param urban districts of the city proper, used near the centre
   * @param counties counties and county-level cities, used for the outskirts and roads
   * @param coal whether the city is a coal-mining centre (gets mine stations)
   */
  record CityFacts(
      String code, String areaCode, List<String> urban, List<String> counties, boolean coal) {}

  /** A trunk road approximated as the great circle between two places (by {@code name_zh}). */
  record Road(String from, String to, String label) {}

  static final Map<String, CityFacts> CITIES =
      Map.ofEntries(
          Map.entry(
              "太原",
              new CityFacts(
                  "ty",
                  "0351",
                  List.of("小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区"),
                  List.of("清徐县", "阳曲县", "娄烦县", "古交市"),
                  false)),
          Map.entry(
              "大同",
              new CityFacts(
                  "dt",
                  "0352",
                  List.of("平城区", "云冈区", "新荣区", "云州区"),
                  List.of("阳高县", "天镇县", "广灵县", "灵丘县", "浑源县", "左云县"),
                  true)),
          Map.entry(
              "阳泉",
              new CityFacts("yq", "0353", List.of("城区", "矿区", "郊区"), List.of("平定县", "盂县"), true)),
          Map.entry(
              "长治",
              new CityFacts(
                  "cz",
                  "0355",
                  List.of("潞州区", "上党区", "屯留区", "潞城区"),
                  List.of("襄垣县", "平顺县", "黎城县", "壶关县", "长子县", "武乡县", "沁县", "沁源县"),
                  true)),
          Map.entry(
              "晋城",
              new CityFacts(
                  "jc", "0356", List.of("城区"), List.of("沁水县", "阳城县", "陵川县", "泽州县", "高平市"), true)),
          Map.entry(
              "朔州",
              new CityFacts(
                  "sz", "0349", List.of("朔城区", "平鲁区"), List.of("山阴县", "应县", "右玉县", "怀仁市"), true)),
          Map.entry(
              "晋中",
              new CityFacts(
                  "jz",
                  "0354",
                  List.of("榆次区", "太谷区"),
                  List.of("榆社县", "左权县", "和顺县", "昔阳县", "寿阳县", "祁县", "平遥县", "灵石县", "介休市"),
                  false)),
          Map.entry(
              "运城",
              new CityFacts(
                  "yc",
                  "0359",
                  List.of("盐湖区"),
                  List.of(
                      "临猗县", "万荣县", "闻喜县", "稷山县", "新绛县", "绛县", "垣曲县", "夏县", "平陆县", "芮城县", "永济市",
                      "河津市"),
                  false)),
          Map.entry(
              "忻州",
              new CityFacts(
                  "xz",
                  "0350",
                  List.of("忻府区"),
                  List.of(
                      "定襄县", "五台县", "代县", "繁峙县", "宁武县", "静乐县", "神池县", "五寨县", "岢岚县", "河曲县", "保德县",
                      "偏关县", "原平市"),
                  false)),
          Map.entry(
              "临汾",
              new CityFacts(
                  "lf",
                  "0357",
                  List.of("尧都区"),
                  List.of(
                      "曲沃县", "翼城县", "襄汾县", "洪洞县", "古县", "安泽县", "浮山县", "吉县", "乡宁县", "大宁县", "隰县",
                      "永和县", "蒲县", "汾西县", "侯马市", "霍州市"),
                  false)),
          Map.entry(
              "吕梁",
              new CityFacts(
                  "ll",
                  "0358",
                  List.of("离石区"),
                  List.of(
                      "文水县", "交城县", "兴县", "临县", "柳林县", "石楼县", "岚县", "方山县", "中阳县", "交口县", "孝义市",
                      "汾阳市"),
                  true)));

  /** Which city a town or road point belongs to, by {@code name_zh}. */
  static final Map<String, String> PARENT_CITY =
      Map.of("河津", "运城", "定襄", "忻州", "榆社", "晋中", "汾阳", "吕梁", "天水岭", "晋城");

  /** The county (or county-level city) a town or road point lies in. */
  static final Map<String, String> COUNTY_OF =
      Map.of("河津", "河津市", "定襄", "定襄县", "榆社", "榆社县", "汾阳", "汾阳市", "天水岭", "泽州县");

  /**
   * Trunk-road links between places. The Fen river valley corridor carries most freight from the
   * northern coal fields south; the rest are the main east-west and south-east links.
   */
  static final List<Road> ROADS =
      List.of(
          new Road("大同", "朔州", "大运公路"),
          new Road("朔州", "忻州", "大运公路"),
          new Road("忻州", "太原", "G108国道"),
          new Road("太原", "晋中", "G108国道"),
          new Road("晋中", "临汾", "G5京昆高速"),
          new Road("临汾", "运城", "G5京昆高速"),
          new Road("太原", "阳泉", "G20青银高速"),
          new Road("太原", "吕梁", "G307国道"),
          new Road("长治", "晋城", "G208国道"),
          new Road("晋城", "天水岭", "G208国道"),
          new Road("临汾", "长治", "G22青兰高速"),
          new Road("运城", "河津", "省道"),
          new Road("忻州", "定襄", "省道"),
          new Road("晋中", "榆社", "省道"),
          new Road("榆社", "长治", "省道"),
          new Road("吕梁", "汾阳", "G307国道"),
          new Road("汾阳", "晋中", "省道"));

  /** Well-known streets of central Taiyuan. */
  static final List<String> TAIYUAN_STREETS =
      List.of(
          "迎泽大街", "长风街", "并州路", "府西街", "五一路", "亲贤街", "学府街", "漪汾街", "平阳路", "体育路", "解放路", "建设路",
          "南内环街", "北大街", "滨河东路");

  /** Street names common to most Chinese towns, for cities whose own streets are not listed. */
  static final List<String> GENERIC_STREETS =
      List.of(
          "人民路", "解放路", "建设路", "新建路", "文化路", "和平街", "迎宾路", "友谊街", "胜利街", "北大街", "南大街", "东环路", "西环路",
          "滨河路", "工业路", "朝阳街", "康乐街", "育才路", "健康路", "开发区大道");
}
