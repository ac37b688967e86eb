/*
 * Texts of the worker map in Chinese (the default) and English. Every visible string and every
 * label goes through t(key, values); {name} placeholders are filled from values.
 * An ES module of the worker map (see app.js).
 */
const zh = {
  title: '驿站地图',
  skip_to_list: '跳到驿站列表',
  lang_switch: 'English',
  lang_switch_label: 'Switch to English',
  view_list: '只看列表',
  view_map: '显示地图',
  view_list_label: '只看列表（适合读屏软件）',
  view_map_label: '显示地图和列表',
  near_me: '附近驿站',
  near_me_label: '附近驿站：用我的位置查找最近的驿站',
  search_label: '搜索地点或驿站',
  search_placeholder: '搜索地点、街道或驿站',
  search_go: '搜索',
  search_none: '没有找到“{q}”',
  search_results: '搜索结果',
  search_pick: '选择地点',
  filters: '筛选',
  f_open_now: '营业中',
  f_open_24h: '24小时',
  f_free_seats: '有空位',
  more_filters: '更多筛选',
  amenities: '设施',
  kind: '类型',
  kind_any: '全部类型',
  clear_filters: '清除筛选',
  map_label: '驿站地图，点击地图可选择位置',
  loading: '正在加载…',
  tiles_down: '底图暂时无法加载，驿站标记和列表仍可使用。',
  offline: '网络已断开，显示的是上次保存的结果。',
  stations_shown: '地图上显示 {n} 个驿站',
  clusters_shown: '地图上共 {n} 个驿站，放大查看详情',
  no_stations_here: '此区域没有驿站',
  load_failed: '驿站加载失败：{reason}',
  nearest: '最近的驿站',
  nearest_hint: '点「附近驿站」使用您的位置，或搜索地点，或直接点地图。',
  finding: '正在查找最近的驿站…',
  locating: '正在获取您的位置…',
  nearest_from_gps: '离您最近的 {n} 个驿站',
  nearest_from_point: '离所选位置最近的 {n} 个驿站',
  nearest_from_place: '离“{place}”最近的 {n} 个驿站',
  nearest_from_saved: '上次的结果（{time}）',
  none_nearby: '附近没有符合条件的驿站',
  nearest_failed: '查找附近驿站失败：{reason}',
  geo_denied: '未获得定位权限。请搜索地点或点地图选择位置。',
  geo_unavailable: '无法确定您的位置。请搜索地点或点地图选择位置。',
  geo_timeout: '定位超时。请搜索地点或点地图选择位置。',
  me: '我的位置',
  chosen_point: '所选位置',
  walk_min: '步行约 {n} 分钟',
  walk_h: '步行约 {n} 小时',
  open_until: '营业中，{time} 关门',
  open_24h: '24小时营业',
  open: '营业中',
  closed_opens: '已关闭，{time} 开门',
  closed: '已关闭',
  hours_unknown: '营业时间未知',
  seats_free: '空位 {free}/{cap}',
  seats_full: '已满 0/{cap}',
  seats_stale: '人数已过时（{age}前 {n} 人）',
  seats_invalid: '人数数据异常',
  seats_unknown: '空位未知',
  temp: '室内 {t}°C',
  temp_stale: '温度已过时（{age}前 {t}°C）',
  temp_unknown: '温度未知',
  age: '{age}前',
  age_s: '{n}秒',
  age_min: '{n}分钟',
  age_h: '{n}小时',
  age_d: '{n}天',
  updated_live: '刚刚更新',
  cluster_label: '{n} 个驿站，点击放大',
  station_label: '{name}，{state}',
  back: '返回',
  back_label: '返回列表',
  st_hours: '开放时间',
  st_hours_none: '未提供',
  st_address: '地址',
  st_amenities: '设施',
  st_amenities_none: '未登记',
  st_phone: '驿站电话',
  st_hotline: '工会服务热线 12351',
  st_hotline_note: '全国总工会职工服务热线',
  st_capacity: '座位 {n} 个',
  st_photo: '驿站照片',
  st_live: '现在',
  st_busy: '今天的人数',
  st_busy_none: '还没有足够的人数记录。',
  st_navigate: '导航到这里',
  nav_amap: '高德地图',
  nav_baidu: '百度地图',
  nav_tencent: '腾讯地图',
  nav_geo: '其他地图应用',
  st_report: '报告问题',
  report_kind: '问题类型',
  report_text: '补充说明（可选）',
  report_send: '提交',
  report_sent: '已提交，谢谢！管理员会尽快处理。',
  report_failed: '提交失败：{reason}',
  fb_no_water: '没有饮用水',
  fb_ac_broken: '空调坏了',
  fb_no_heating: '没有暖气',
  fb_closed_during_hours: '开放时间内关门',
  fb_dirty: '不干净',
  fb_full: '人满了',
  fb_equipment_broken: '设备损坏',
  fb_other: '其他',
  server_error: '服务器错误 HTTP {status}',
  no_connection: '无法连接服务器',
  weekday_0: '星期日',
  weekday_1: '星期一',
  weekday_2: '星期二',
  weekday_3: '星期三',
  weekday_4: '星期四',
  weekday_5: '星期五',
  weekday_6: '星期六',
  k_urban_rest_station: '户外劳动者驿站',
  k_drivers_home: '司机之家',
  k_workers_home: '职工之家',
  k_mother_baby_room: '母婴室',
  k_mine_station: '矿区驿站',
  k_service_area_station: '服务区驿站',
  a_drinking_water: '饮水',
  a_meal_heating: '热饭',
  a_air_conditioning: '空调',
  a_heating: '暖气',
  a_toilet: '厕所',
  a_phone_charging: '充电',
  a_battery_swap: '换电',
  a_medicine_kit: '药箱',
  a_aed: 'AED 除颤器',
  a_umbrella_loan: '借伞',
  a_reading_corner: '阅读角',
  a_wifi: 'Wi-Fi',
  a_shower: '淋浴',
  a_laundry: '洗衣',
  a_truck_parking: '货车停车',
  map_lib_failed: '地图组件加载失败，列表仍可使用。',
  open_first: '营业中的驿站排在前面，已关闭的排在后面。',
  seats_closed: '关门中，座位不可用',
  st_busy_sentence: '{s}。',
  st_busy_join: '，',
  st_busy_now: '现在 {now} 人',
  st_busy_no_history: '还没有足够的历史数据',
  st_busy_typical: '平时这个时候约 {typ} 人',
  st_busy_typical_none: '这个钟点还没有历史数据',
  st_busy_peak: '平时最忙在 {peak} 点',
  st_busy_legend_join: '；',
  st_busy_legend_today: '蓝色：今天每小时平均人数',
  st_busy_legend_today_now: '蓝色：今天每小时平均人数（橙色是现在这一小时）',
  st_busy_legend_typical: '灰色：过去 {w} 个{weekday}同一小时的平均',
  st_busy_legend_full: '满格是座位数。',
  hours_24_7: '每天 24 小时开放',
  hours_daily: '每天',
  hours_all_day: '全天',
  hours_days_times: '{days} {times}',
  hours_days_off: '{days}休息',
  hours_day_range: '{from}至{to}',
  hours_list_sep: '、',
  hours_rule_sep: '；',
  day_Mo: '周一',
  day_Tu: '周二',
  day_We: '周三',
  day_Th: '周四',
  day_Fr: '周五',
  day_Sa: '周六',
  day_Su: '周日',
  report_choose: '请选择…',
  report_pick_kind: '请先选择问题类型。',
};

const en = {
  title: 'Rest stations',
  skip_to_list: 'Skip to the station list',
  lang_switch: '中文',
  lang_switch_label: '切换到中文 (Switch to Chinese)',
  view_list: 'List only',
  view_map: 'Show map',
  view_list_label: 'List only (for screen readers)',
  view_map_label: 'Show the map and the list',
  near_me: 'Near me',
  near_me_label: 'Near me: find the stations nearest to my position',
  search_label: 'Search a place or station',
  search_placeholder: 'Place, street or station',
  search_go: 'Search',
  search_none: 'Nothing found for “{q}”',
  search_results: 'Search results',
  search_pick: 'Choose a place',
  filters: 'Filters',
  f_open_now: 'Open now',
  f_open_24h: '24 hours',
  f_free_seats: 'Free seats',
  more_filters: 'More filters',
  amenities: 'Amenities',
  kind: 'Kind',
  kind_any: 'Any kind',
  clear_filters: 'Clear filters',
  map_label: 'Station map: tap the map to choose a position',
  loading: 'Loading…',
  tiles_down: 'The base map is unavailable; markers and the list still work.',
  offline: 'You are offline: showing the last saved results.',
  stations_shown: '{n} stations on the map',
  clusters_shown: '{n} stations on the map; zoom in for details',
  no_stations_here: 'No stations in this area',
  load_failed: 'Could not load stations: {reason}',
  nearest: 'Nearest stations',
  nearest_hint: 'Press “Near me”, search a place, or tap the map.',
  finding: 'Finding the nearest stations…',
  locating: 'Finding your position…',
  nearest_from_gps: 'The {n} stations nearest to you',
  nearest_from_point: 'The {n} stations nearest to the chosen point',
  nearest_from_place: 'The {n} stations nearest to “{place}”',
  nearest_from_saved: 'Last results ({time})',
  none_nearby: 'No matching stations nearby',
  nearest_failed: 'Could not find nearby stations: {reason}',
  geo_denied: 'Location permission denied. Search a place or tap the map instead.',
  geo_unavailable: 'Your position is unavailable. Search a place or tap the map instead.',
  geo_timeout: 'Locating timed out. Search a place or tap the map instead.',
  me: 'Me',
  chosen_point: 'Chosen point',
  walk_min: '{n} min walk',
  walk_h: '{n} h walk',
  open_until: 'Open, closes {time}',
  open_24h: 'Open 24 hours',
  open: 'Open',
  closed_opens: 'Closed, opens {time}',
  closed: 'Closed',
  hours_unknown: 'Hours unknown',
  seats_free: '{free}/{cap} seats free',
  seats_full: 'Full 0/{cap}',
  seats_stale: 'Occupancy stale ({n} people {age} ago)',
  seats_invalid: 'Occupancy reading invalid',
  seats_unknown: 'Free seats unknown',
  temp: 'Inside {t} °C',
  temp_stale: 'Temperature stale ({t} °C {age} ago)',
  temp_unknown: 'Temperature unknown',
  age: '{age} ago',
  age_s: '{n} s',
  age_min: '{n} min',
  age_h: '{n} h',
  age_d: '{n} d',
  updated_live: 'just updated',
  cluster_label: '{n} stations: tap to zoom in',
  station_label: '{name}, {state}',
  back: 'Back',
  back_label: 'Back to the list',
  st_hours: 'Opening hours',
  st_hours_none: 'Not given',
  st_address: 'Address',
  st_amenities: 'Amenities',
  st_amenities_none: 'None listed',
  st_phone: 'Station phone',
  st_hotline: 'Trade-union hotline 12351',
  st_hotline_note: 'All-China Federation of Trade Unions workers’ hotline',
  st_capacity: '{n} seats',
  st_photo: 'Photo of the station',
  st_live: 'Now',
  st_busy: 'How busy today',
  st_busy_none: 'Not enough occupancy records yet.',
  st_navigate: 'Navigate here',
  nav_amap: 'Amap',
  nav_baidu: 'Baidu Maps',
  nav_tencent: 'Tencent Maps',
  nav_geo: 'Other map app',
  st_report: 'Report a problem',
  report_kind: 'Problem',
  report_text: 'Details (optional)',
  report_send: 'Send',
  report_sent: 'Sent, thank you. An administrator will look at it.',
  report_failed: 'Could not send: {reason}',
  fb_no_water: 'No drinking water',
  fb_ac_broken: 'Air conditioning broken',
  fb_no_heating: 'No heating',
  fb_closed_during_hours: 'Closed during opening hours',
  fb_dirty: 'Dirty',
  fb_full: 'Full',
  fb_equipment_broken: 'Equipment broken',
  fb_other: 'Other',
  server_error: 'Server error HTTP {status}',
  no_connection: 'Cannot reach the server',
  weekday_0: 'Sunday',
  weekday_1: 'Monday',
  weekday_2: 'Tuesday',
  weekday_3: 'Wednesday',
  weekday_4: 'Thursday',
  weekday_5: 'Friday',
  weekday_6: 'Saturday',
  k_urban_rest_station: 'Rest station',
  k_drivers_home: 'Drivers’ home',
  k_workers_home: 'Workers’ home',
  k_mother_baby_room: 'Mother & baby room',
  k_mine_station: 'Mine station',
  k_service_area_station: 'Service-area station',
  a_drinking_water: 'Water',
  a_meal_heating: 'Meal heating',
  a_air_conditioning: 'Air conditioning',
  a_heating: 'Heating',
  a_toilet: 'Toilet',
  a_phone_charging: 'Phone charging',
  a_battery_swap: 'Battery swap',
  a_medicine_kit: 'Medicine kit',
  a_aed: 'AED',
  a_umbrella_loan: 'Umbrella loan',
  a_reading_corner: 'Reading corner',
  a_wifi: 'Wi-Fi',
  a_shower: 'Shower',
  a_laundry: 'Laundry',
  a_truck_parking: 'Truck parking',
  map_lib_failed: 'The map failed to load; the list still works.',
  open_first: 'Stations open now come first; closed ones follow.',
  seats_closed: 'Closed: no seats now',
  st_busy_sentence: '{s}.',
  st_busy_join: '; ',
  st_busy_now: 'Now {now} people',
  st_busy_no_history: 'Not enough history yet',
  st_busy_typical: 'usually about {typ} at this hour',
  st_busy_typical_none: 'no history for this hour yet',
  st_busy_peak: 'busiest usually at {peak}:00',
  st_busy_legend_join: '; ',
  st_busy_legend_today: 'Blue: mean people per hour today',
  st_busy_legend_today_now: 'Blue: mean people per hour today (orange: this hour)',
  st_busy_legend_typical: 'grey: the mean at that hour on the last {w} {weekday}s',
  st_busy_legend_full: 'a full bar is every seat taken.',
  hours_24_7: 'Open 24 hours, every day',
  hours_daily: 'Daily',
  hours_all_day: 'all day',
  hours_days_times: '{days} {times}',
  hours_days_off: '{days} closed',
  hours_day_range: '{from}–{to}',
  hours_list_sep: ', ',
  hours_rule_sep: '; ',
  day_Mo: 'Mon',
  day_Tu: 'Tue',
  day_We: 'Wed',
  day_Th: 'Thu',
  day_Fr: 'Fri',
  day_Sa: 'Sat',
  day_Su: 'Sun',
  report_choose: 'Choose…',
  report_pick_kind: 'Choose the kind of problem first.',
};

const texts = { zh: zh, en: en };
const STORE_KEY = 'yizhan.lang';

function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') {
    return fromUrl;
  }
  try {
    const saved = localStorage.getItem(STORE_KEY);
    if (saved === 'en' || saved === 'zh') {
      return saved;
    }
  } catch (e) {
    // storage blocked: Chinese
  }
  return 'zh';
}

let current = initialLang();

export function t(key, values) {
  let text = texts[current][key];
  if (text === undefined) {
    text = zh[key];
    if (text === undefined) {
      console.error('missing text ' + key);
      return key;
    }
  }
  if (values) {
    text = text.replace(/\{(\w+)\}/g, (m, name) =>
      values[name] === undefined || values[name] === null ? m : String(values[name])
    );
  }
  return text;
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem(STORE_KEY, current);
  } catch (e) {
    // not remembered: fine
  }
}

/** Fills every [data-t], [data-t-aria], [data-t-placeholder] and [data-t-title] in root. */
export function apply(root) {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
  for (const node of root.querySelectorAll('[data-t]')) {
    node.textContent = t(node.getAttribute('data-t'));
  }
  for (const node of root.querySelectorAll('[data-t-aria]')) {
    node.setAttribute('aria-label', t(node.getAttribute('data-t-aria')));
  }
  for (const node of root.querySelectorAll('[data-t-placeholder]')) {
    node.setAttribute('placeholder', t(node.getAttribute('data-t-placeholder')));
  }
  for (const node of root.querySelectorAll('[data-t-title]')) {
    node.setAttribute('title', t(node.getAttribute('data-t-title')));
  }
}

/** The language shown now: 'zh' or 'en'. */
export function lang() {
  return current;
}

/** Whether a text exists (in Chinese, the language every text has). */
export function has(key) {
  return zh[key] !== undefined;
}
